/** What the member typed and picked on the list survives opening a household and coming back. */
import { create } from 'zustand';
import type { HouseholdFilter } from '../../data/search';

interface ListState {
  query: string;
  filter: HouseholdFilter;
  shown: number;
  setQuery: (query: string) => void;
  setFilter: (filter: HouseholdFilter) => void;
  showMore: () => void;
}

/** Rows rendered at a time: a screenful and a half on a phone; more on "Xem thêm". */
export const PAGE_SIZE = 30;

export const useListState = create<ListState>((set) => ({
  query: '',
  filter: 'all',
  shown: PAGE_SIZE,
  setQuery: (query) => set({ query, shown: PAGE_SIZE }),
  setFilter: (filter) => set({ filter, shown: PAGE_SIZE }),
  showMore: () => set((state) => ({ shown: state.shown + PAGE_SIZE })),
}));
