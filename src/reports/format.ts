import type { Figure } from '../core/reports/figures.ts';
import { HIDDEN_MARK } from '../core/privacy/index.ts';

/** How every HR surface prints a figure: hidden ones as one mark, empty bases as "n/a". */
export function formatFigure(figure: Figure): string {
  if (figure.hidden) return HIDDEN_MARK;
  if (figure.value === null) return 'n/a';
  switch (figure.kind) {
    case 'count':
      return figure.value.toLocaleString('en-GB');
    case 'share':
    case 'attendance':
      return `${Math.round(figure.value * 100)}%`;
    case 'value':
      return `${figure.value.toFixed(1)}/5`;
  }
}

/** A share with the people it is out of, e.g. "62% of 48". */
export function formatShare(figure: Figure): string {
  const main = formatFigure(figure);
  return figure.hidden || figure.value === null || figure.base === null ? main : `${main} of ${figure.base.toLocaleString('en-GB')}`;
}
