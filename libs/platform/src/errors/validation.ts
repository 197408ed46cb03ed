import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ErrorKind, FieldProblem, PlatformError, PlatformErrorCode } from './app-error.js';

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** Validation on every input: unknown fields are refused, every problem is listed. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const problems = flatten(errors);
      return new PlatformError(
        PlatformErrorCode.ValidationFailed,
        ErrorKind.BadInput,
        `De invoer is ongeldig: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
        problems,
      );
    },
  });
}

export function notFound(what: string, id: string): PlatformError {
  return new PlatformError(PlatformErrorCode.NotFound, ErrorKind.NotFound, `${what} ${id} bestaat niet (of hoort bij een andere HDS).`);
}
