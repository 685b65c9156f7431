/** What stopped the CLI: `usage` (exit 2) is a bad command line; the rest exit 1. */
export type CliErrorCode = 'usage' | 'api' | 'unreachable' | 'no-admin-key';

/**
 * The CLI's one error type. Its message is the single line printed on stderr, so it never
 * carries a secret (the admin key, a token) and never spans lines.
 */
export class CliError extends Error {
  override name = 'CliError';

  private constructor(
    message: string,
    readonly code: CliErrorCode,
    /** The HTTP status when the management API refused the call. */
    readonly status?: number,
  ) {
    super(message);
  }

  get exitCode(): 1 | 2 {
    return this.code === 'usage' ? 2 : 1;
  }

  static usage(message: string): CliError {
    return new CliError(message, 'usage');
  }

  static api(status: number, message: string): CliError {
    return new CliError(message, 'api', status);
  }

  static unreachable(message: string): CliError {
    return new CliError(message, 'unreachable');
  }

  static noAdminKey(message: string): CliError {
    return new CliError(message, 'no-admin-key');
  }

  /** The same failure with a message reworded for the command line. */
  withMessage(message: string): CliError {
    return new CliError(message, this.code, this.status);
  }
}
