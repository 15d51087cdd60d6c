// The one aggregation-privacy module every HR surface (home tab, report page, CSV, digest) uses.
export { protect, ProtectionMemo, type Atom, type FigureRequest, type HiddenReason, type Protection } from './protect.ts';
export { HIDDEN_MARK, HIDDEN_NOTE, MIN_PEOPLE } from './threshold.ts';
