export function escapeMarkdown(text: unknown, max?: number): string;
