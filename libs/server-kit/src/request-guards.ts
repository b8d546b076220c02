import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { jsonDefect, jsonDefectMessage } from '@scrutin/basics/json-limits.js';
import { HttpError } from './errors.js';

/**
 * The JSON body parser of both servers: at most `limit` bytes (413), at most MAX_JSON_DEPTH levels and no
 * NUL character (400, checked on the raw bytes before parsing: see json-limits.ts). The French refusal
 * reaches the error handler as type `entity.refused` (errors.ts, refusalFor).
 */
export function jsonBody(limit: string): RequestHandler {
  return express.json({
    limit,
    verify(_req, _res, bytes) {
      const defect = jsonDefect(bytes);
      if (defect) throw Object.assign(new Error(jsonDefectMessage(defect, 'le corps de la requête')), { type: 'entity.refused' });
    },
  });
}

/** The first path (`verdict`, `verdict.1`) of a text holding NUL in a parsed query or route parameters, or null. */
function nulAt(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      const found = key.includes('\u0000') ? path : nulAt(inner, path ? `${path}.${key}` : key);
      if (found !== null) return found;
    }
  }
  return null;
}

/**
 * Refuses a NUL character (%00) in the query string or the path's parameters: PostgreSQL cannot store it
 * in text (error 22021), and no identifier or filter of Scrutin contains one.
 */
export function refuseNulCharacters(req: Request, _res: Response, next: NextFunction): void {
  const where = nulAt(req.query, '') ?? nulAt(req.params, '');
  next(where === null ? undefined : new HttpError(400, 'INVALID_CHARACTER', `Requête refusée : le paramètre « ${where || 'requête'} » contient le caractère nul (%00).`));
}
