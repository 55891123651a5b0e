import type { EventView } from '../../../shared/contract';
import { useBilingual } from '../../i18n';

/** The attendee's category in its badge colour, as the desk recognises it at a glance. */
export function CategoryChip({ categoryId, event }: { categoryId: string; event: EventView }) {
  const { main } = useBilingual();
  const category = event.categories.find((c) => c.id === categoryId);
  return (
    <span className="chip">
      <span className="chip-swatch" style={{ background: category?.colour ?? 'transparent' }} />
      {category ? main(category.name) : categoryId}
    </span>
  );
}
