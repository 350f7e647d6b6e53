/**
 * Where secret values come from. Flows name secrets (`{{secrets.CRM_API_KEY}}`) and never hold
 * their values: the engine reads a value only when an http request that needs it is sent. A name
 * is a letter followed by letters, digits and underscores, so it can be an environment variable's
 * suffix, a file name and (with `_` as `-`) a Key Vault secret name.
 */

export const SECRET_NAME = /^[A-Za-z][A-Za-z0-9_]{0,126}$/;

export interface SecretSource {
  /** Shown at start and in errors: "the environment", "Key Vault https://…". */
  readonly label: string;
  /** The value, undefined when this source does not have the secret; throws when the source cannot be read. */
  get(name: string): Promise<string | undefined>;
}
