// @citation-js ships no types; only what the citation tests use.
declare module "@citation-js/core" {
  export class Cite {
    static async(data: string, options?: { forceType?: string }): Promise<Cite>;
    data: unknown[];
  }
}
declare module "@citation-js/plugin-ris";
declare module "@citation-js/plugin-cff";
