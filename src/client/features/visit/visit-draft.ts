/**
 * The visit being recorded, kept in localStorage until it is saved: a call,
 * a screen lock or an app update in the middle of a visit loses nothing.
 */
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { ChecklistChange, VisitOutcome } from '../../../shared/visit';

export interface VisitDraft {
  outcome: VisitOutcome | null;
  notes: string;
  nextVisitOn: string;
  /** Keyed "personId:itemId" (or "household:itemId"). */
  changes: Record<string, ChecklistChange>;
}

export const EMPTY_VISIT: VisitDraft = { outcome: null, notes: '', nextVisitOn: '', changes: {} };

interface VisitDraftState {
  drafts: Record<string, VisitDraft>;
  update: (householdId: string, patch: Partial<VisitDraft>) => void;
  setItem: (householdId: string, change: ChecklistChange) => void;
  discard: (householdId: string) => void;
}

export function changeKey(personId: string | null, itemId: string): string {
  return `${personId ?? 'household'}:${itemId}`;
}

export const useVisitDrafts = create<VisitDraftState>()(
  persist(
    (set) => ({
      drafts: {},
      update: (householdId, patch) =>
        set((state) => ({
          drafts: { ...state.drafts, [householdId]: { ...(state.drafts[householdId] ?? EMPTY_VISIT), ...patch } },
        })),
      setItem: (householdId, change) =>
        set((state) => {
          const draft = state.drafts[householdId] ?? EMPTY_VISIT;
          const changes = { ...draft.changes };
          const key = changeKey(change.personId, change.itemId);
          // Changing an item back to what it was is no change at all.
          if (change.to === change.from) delete changes[key];
          else changes[key] = change;
          return { drafts: { ...state.drafts, [householdId]: { ...draft, changes } } };
        }),
      discard: (householdId) =>
        set((state) => {
          const drafts = { ...state.drafts };
          delete drafts[householdId];
          return { drafts };
        }),
    }),
    { name: 'go-cua.visit-drafts', storage: createJSONStorage(() => localStorage) },
  ),
);
