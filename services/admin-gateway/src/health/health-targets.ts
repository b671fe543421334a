/** A service whose readiness the console shows: its name and base URL (`<url>/readyz` is polled). */
export interface HealthTarget {
  service: string;
  url: string;
}

export const HEALTH_TARGETS_PATTERN =
  /^\s*$|^[a-z][a-z0-9-]*=https?:\/\/[^\s,=]+(,[a-z][a-z0-9-]*=https?:\/\/[^\s,=]+)*$/;

/** `HEALTH_TARGETS`: `gateway=http://127.0.0.1:3000,intake=http://127.0.0.1:4101,…` (validated by the config). */
export function parseHealthTargets(text: string | undefined): HealthTarget[] {
  if (!text?.trim()) return [];
  return text.split(',').map((pair) => {
    const [service, url] = pair.split('=') as [string, string];
    return { service, url: url.replace(/\/+$/, '') };
  });
}
