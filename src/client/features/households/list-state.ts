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

export const PAGE_SIZE = 50;

export const useListState = create<ListState>((set) => ({
  query: '',
  filter: 'all',
  shown: PAGE_SIZE,
  setQuery: (query) => set({ query, shown: PAGE_SIZE }),
  setFilter: (filter) => set({ filter, shown: PAGE_SIZE }),
  showMore: () => set((state) => ({ shown: state.shown + PAGE_SIZE })),
}));
