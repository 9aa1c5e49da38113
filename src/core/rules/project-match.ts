// Finds the project a sender named: by code, by full name, or by a unique part of the name.

export interface NamedProject {
  id: string;
  code: string;
  name: string;
}

/** Folds widths and case and drops spaces and brackets' width, so "城东 院区" finds "城东院区". */
export function normalizeName(text: string): string {
  return text.normalize('NFKC').replace(/[\s\u200b]+/g, '').toLowerCase();
}

export type ProjectMatch<P extends NamedProject> = { kind: 'found'; project: P } | { kind: 'ambiguous'; candidates: P[] } | { kind: 'unknown' };

/** Code first, then exact name, then the projects whose name contains the reference. */
export function matchProject<P extends NamedProject>(ref: string, projects: P[]): ProjectMatch<P> {
  const wanted = normalizeName(ref.replace(/^[#＃]/, ''));
  if (!wanted) return { kind: 'unknown' };
  const byCode = projects.filter((p) => normalizeName(p.code) === wanted);
  if (byCode.length === 1 && byCode[0]) return { kind: 'found', project: byCode[0] };
  const byName = projects.filter((p) => normalizeName(p.name) === wanted);
  if (byName.length === 1 && byName[0]) return { kind: 'found', project: byName[0] };
  const partial = projects.filter((p) => normalizeName(p.name).includes(wanted));
  if (partial.length === 1 && partial[0]) return { kind: 'found', project: partial[0] };
  if (partial.length > 1) return { kind: 'ambiguous', candidates: partial };
  return { kind: 'unknown' };
}
