/**
 * main.ts imports this first: OpenTelemetry patches http, pg and undici as they are loaded, so
 * tracing starts before anything loads them.
 */
import { startTracing } from '@lawfirm/observability';

startTracing('timekeeping');
