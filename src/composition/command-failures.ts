// The failures a command ends with its own exit code (cli/main.ts, main.ts): apart from the
// runtime, so that telling them apart loads none of it.

/** A config or environment that cannot be used: exit 2 with its messages. */
export class ConfigInvalid extends Error {
  override name = 'ConfigInvalid';
}

/** A CSV folder with errors: nothing was computed; exit 1 with every error. */
export class ImportInvalid extends Error {
  override name = 'ImportInvalid';
}
