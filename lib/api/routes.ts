/** The API's routes: method, path (HTTP API syntax) and the function serving it. */
import type { ApiRoute } from './api-types.ts';
import { evaluatePod } from './evaluate-route.ts';
import { getFinding, getSummary, listFindings } from './findings-routes.ts';

export interface ApiRouteEntry {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  path: string;
  route: ApiRoute;
}

export const API_ROUTES: readonly ApiRouteEntry[] = [
  { method: 'GET', path: '/findings', route: listFindings },
  { method: 'GET', path: '/findings/{id}', route: getFinding },
  { method: 'GET', path: '/summary', route: getSummary },
  { method: 'POST', path: '/evaluate', route: evaluatePod },
];
