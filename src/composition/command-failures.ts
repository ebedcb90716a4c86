// The failures a command ends with its own exit code (cli/main.ts, main.ts): apart from the
// runtime, so that telling them apart loads none of it.

/** A config or environment that cannot be used: exit 2 with its messages. */
export class ConfigInvalid extends Error {
  override name = 'ConfigInvalid';

  /** The config file (or 'defaults') that was refused, with its errors as formatConfigErrors writes them. */
  static refused(source: string, errors: string): ConfigInvalid {
    return new ConfigInvalid(`The config (${source}) is not valid; nothing was run:\n${errors}`);
  }
}

/** A CSV folder with errors: nothing was computed; exit 1 with every error. */
export class ImportInvalid extends Error {
  override name = 'ImportInvalid';
}
