/**
 * The simulated SMS gateway in a process of its own for bench:sms (as in production the gateway is elsewhere: the
 * bridge's measured CPU is its own). Options come as JSON in SMS_SIM_OPTIONS; the URL is printed as one JSON line.
 */
import { startSmsSim } from '@donorline/sms-sim';

const sim = await startSmsSim({ host: '127.0.0.1', port: 0, ...(JSON.parse(process.env.SMS_SIM_OPTIONS ?? '{}') as Record<string, unknown>) } as Parameters<typeof startSmsSim>[0]);
console.log(JSON.stringify({ url: sim.url }));
const stop = (): void => void sim.stop().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
