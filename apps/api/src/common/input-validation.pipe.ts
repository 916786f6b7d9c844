import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { badInput } from '#libs/common';
import { firstTextProblem } from './text-rules.js';

const PRIMITIVES = new Set<unknown>([String, Boolean, Number, Array, Object, Date]);

/**
 * Validates decorated input classes and names the first bad field, e.g. "input.strength: must be from 0 to 1";
 * then holds every text in them to the rules of text-rules.ts (well-formed, no control characters).
 */
@Injectable()
export class InputValidationPipe implements PipeTransform {
  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const type = metadata.metatype;
    if (!type || PRIMITIVES.has(type) || value === null || value === undefined || typeof value !== 'object') return value;
    const instance = plainToInstance(type, value) as object;
    const errors = await validate(instance, { forbidUnknownValues: false, stopAtFirstError: true });
    if (errors.length) {
      const [path, message] = firstProblem(errors[0], metadata.data ?? 'input');
      throw badInput(path, message);
    }
    const text = firstTextProblem(instance, metadata.data ?? 'input');
    if (text) throw badInput(text[0], text[1]);
    return instance;
  }
}

function firstProblem(error: ValidationError, prefix: string): [string, string] {
  const path = /^\d+$/.test(error.property) ? `${prefix}[${error.property}]` : `${prefix}.${error.property}`;
  if (error.constraints) return [path, Object.values(error.constraints)[0]];
  if (error.children?.length) return firstProblem(error.children[0], path);
  return [path, 'is not valid'];
}
