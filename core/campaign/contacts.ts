/** Later replies within this long after a Contact's first reply belong to that Contact. */
export const contactWindowMs = 24 * 60 * 60 * 1000;

/**
 * Groups one customer's replies into Contacts. Feed replies in time order; `add` says whether a
 * reply opens a new Contact (true) or joins the one already open. The campaign message itself
 * never passes through here: only what the customer wrote can be a Contact.
 */
export class ContactCounter {
  private readonly openedAtMs = new Map<string, number>();

  add(phone: string, atMs: number): boolean {
    const opened = this.openedAtMs.get(phone);
    if (opened !== undefined && atMs < opened + contactWindowMs) return false;
    this.openedAtMs.set(phone, atMs);
    return true;
  }
}
