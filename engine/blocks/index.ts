/**
 * Every block type, in palette order. Adding a block = adding its folder and one line here; the
 * schema, validator, compiler, linter and editor pick it up from this list.
 */
import { answer } from './answer/index.ts';
import { play } from './play/index.ts';
import { menu } from './menu/index.ts';
import { transfer } from './transfer/index.ts';
import { hangup } from './hangup/index.ts';
import { set } from './set/index.ts';
import { switchBlock } from './switch/index.ts';
import { end } from './end/index.ts';
import type { BlockDefinition } from './types.ts';

export const blocks: BlockDefinition<any>[] = [answer, play, menu, transfer, hangup, set, switchBlock, end];
