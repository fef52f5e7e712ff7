import { head, json } from "../../lib/browse.js";

export const GET = (): Response => json(head());
