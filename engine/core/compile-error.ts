/** A flow that validated but cannot be compiled (missing subflow, cycle, contradictory options). */
export class CompileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CompileError';
  }
}
