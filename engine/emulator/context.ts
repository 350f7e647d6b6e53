/**
 * The emulator's shared state, handed to every model function and route: configuration, clock,
 * id source, apps, users, calls, people, rings, conversations, media stores, faults and the notifier.
 */
import type { Clock } from './clock.ts';
import type { FaultBook } from './faults.ts';
import type { EmulatorUser } from './identity/users.ts';
import type { IdSource } from './ids.ts';
import type { EmulatedCall } from './model/call.ts';
import type { Conversations } from './model/conversations.ts';
import type { PeopleDirectory } from './model/people.ts';
import type { PromptLoader } from './model/prompts.ts';
import type { RecordingStore } from './model/recordings.ts';
import type { Rings } from './model/rings.ts';
import type { Notifier } from './notifications/notifier.ts';
import type { EmulatorApp, EmulatorChoices, EmulatorTimings } from './options.ts';
import type { Variations } from './variations.ts';

/** Everything the emulator knows. */
export interface EmulatorContext {
  clock: Clock;
  ids: IdSource;
  timings: EmulatorTimings;
  choices: EmulatorChoices;
  /** Behaviour drawn per call where Microsoft's sources are silent or disagree. */
  variations: Variations;
  apps: EmulatorApp[];
  /** The people who can sign in to the emulated Entra ID. */
  users: EmulatorUser[];
  calls: Map<string, EmulatedCall>;
  people: PeopleDirectory;
  rings: Rings;
  conversations: Conversations;
  prompts: PromptLoader;
  recordings: RecordingStore;
  faults: FaultBook;
  notifier: Notifier;
  /** https://127.0.0.1:<port>, known once the server listens. */
  baseUrl: string;
  log: (line: string) => void;
}
