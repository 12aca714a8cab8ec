/** A response body for assertions; tests check its shape with expect(). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export async function json(res: Response): Promise<Json> {
  return res.json();
}
