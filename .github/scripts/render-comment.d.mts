export function renderComment(report: unknown): string;
