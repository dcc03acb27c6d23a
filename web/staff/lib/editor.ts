/** State of a list page's edit dialog: closed, creating a new item, or editing one. */
import { useState } from 'react';

export function useEditor<T>() {
  const [target, setTarget] = useState<T | 'new' | null>(null);
  return {
    target,
    opened: target !== null,
    editing: target !== null && target !== 'new' ? target : null,
    openNew: () => setTarget('new'),
    openEdit: (item: T) => setTarget(item),
    close: () => setTarget(null),
  };
}
