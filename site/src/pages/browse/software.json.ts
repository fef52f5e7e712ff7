import { json, software } from "../../lib/browse.js";

export const GET = (): Response => json(software());
