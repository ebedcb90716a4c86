// Expected failures as values with dotted codes (ARCHITECTURE.md rule 4). The HTTP error
// handler and the CLI map codes to statuses and exit codes; anything else is a bug.

export class AppError extends Error {
  readonly code: string;
  readonly details: unknown;

  constructor(code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
