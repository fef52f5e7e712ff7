// Types for bundled-script.mjs, which stays plain JavaScript so it runs before any TypeScript loader.
export interface BundleMeta {
  builtAt: number;
  inputs: string[];
}
export function isStale(meta: BundleMeta | undefined, root: string): boolean;
export function buildBundle(name: string, root?: string): Promise<string>;
export function bundlePath(name: string, root?: string): string;
export function runBundled(name: string): Promise<void>;
