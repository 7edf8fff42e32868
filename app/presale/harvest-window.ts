/** "2027-01-10 – 2027-01-25" (or one day): the expected harvest as pages and messages say it. */
export function harvestWindowText(from: string, to: string): string {
  return from === to ? from : `${from} – ${to}`;
}
