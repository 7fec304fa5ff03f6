/** The slice of the PouchDB API the baseline uses (pouchdb-browser ships no types). */
declare module 'pouchdb-browser' {
  interface PouchDoc {
    _id: string;
    _rev?: string;
    [field: string]: unknown;
  }
  interface AllDocsResponse {
    total_rows: number;
    rows: Array<{ id: string; key: string; value: { rev: string }; doc?: PouchDoc }>;
  }
  class PouchDB {
    constructor(name: string, options?: { adapter?: string; auto_compaction?: boolean });
    readonly adapter: string;
    bulkDocs(docs: PouchDoc[]): Promise<Array<{ ok?: boolean; id?: string; error?: string }>>;
    allDocs(options?: { include_docs?: boolean; startkey?: string; endkey?: string }): Promise<AllDocsResponse>;
    info(): Promise<{ doc_count: number; update_seq: number | string }>;
    destroy(): Promise<void>;
    close(): Promise<void>;
  }
  export default PouchDB;
}
