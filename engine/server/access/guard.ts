/** A route's guard: the role it needs, checked before the body is parsed (require-role.ts). */
import type { RequestHandler } from 'express';
import type { Role } from '../../core/roles.ts';

export type Guard = (role: Role) => RequestHandler;
