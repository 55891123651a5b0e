import type { ReactNode } from 'react';

/** A card of the event office's: a title and what it is for on the left, its actions on the right, outcomes below. */
export function ActionCard({ id, title, lead, actions, children, className }: { id: string; title: string; lead: string; actions: ReactNode; children?: ReactNode; className?: string }) {
  return (
    <section className={`event-file card${className ? ` ${className}` : ''}`} aria-labelledby={id}>
      <div className="event-file-bar">
        <div>
          <h2 className="section-title" id={id}>
            {title}
          </h2>
          <p className="event-file-lead">{lead}</p>
        </div>
        <div className="event-file-actions">{actions}</div>
      </div>
      {children}
    </section>
  );
}
