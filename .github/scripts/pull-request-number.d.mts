export function pullRequestNumber(run: unknown, openPulls?: unknown): number | undefined;
