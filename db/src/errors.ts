function codeOf(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (codeOf(error) !== '23505') return false;
  if (!constraint) return true;
  const c = (error as { constraint?: string }).constraint;
  return c === constraint || (error instanceof Error && error.message.includes(constraint));
}

/** serialization_failure and deadlock_detected: the transaction may simply be run again. */
export function isRetryable(error: unknown): boolean {
  const code = codeOf(error);
  return code === '40001' || code === '40P01';
}
