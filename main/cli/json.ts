// The CLI's --json output: the engine's data as it is, with every message in English in place of its
// code and parameters (scripts read the codes beside it: a problem's code, a reason's code).
import { formatMessage, type AnyMessage } from '../../shared/message.js';

export function jsonText(value: unknown, indent?: number): string {
  return JSON.stringify(value, (_key, field: unknown) => (isMessage(field) ? formatMessage(field) : field), indent);
}

function isMessage(value: unknown): value is AnyMessage {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 2 && 'code' in value && 'params' in value && typeof value.code === 'string' && typeof value.params === 'object';
}
