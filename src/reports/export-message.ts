/** What travels on EXPORT_QUEUE: only the id; the job's parameters live in its `report_exports` row. */
export interface ExportMessage {
  export_id: string;
}
