/** The API's routes: method, path (HTTP API syntax) and the function serving it. */
import type { ApiRoute } from './api-types.ts';
import { evaluatePod } from './evaluate-route.ts';
import { getFinding, getSummary, listFindings } from './findings-routes.ts';
import { deletePolicy, listPolicies, putPolicies } from './policy-routes.ts';

export interface ApiRouteEntry {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  path: string;
  route: ApiRoute;
}

export const API_ROUTES: readonly ApiRouteEntry[] = [
  { method: 'GET', path: '/findings', route: listFindings },
  { method: 'GET', path: '/findings/{id}', route: getFinding },
  { method: 'GET', path: '/summary', route: getSummary },
  { method: 'GET', path: '/policies', route: listPolicies },
  { method: 'PUT', path: '/policies', route: putPolicies },
  { method: 'DELETE', path: '/policies/{kind}/{name}', route: deletePolicy },
  { method: 'POST', path: '/evaluate', route: evaluatePod },
];
