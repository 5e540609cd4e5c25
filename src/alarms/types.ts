/** One alarm as the store and the view hold it: a plain, frozen-shape object. */
export interface Alarm {
  /** Backend id; unique per user. Numbers and strings are both accepted, compared as given. */
  id: number | string
  /** Backend category such as `COMMENT`; free text. */
  type: string
  /** What the user reads. Always rendered as text. */
  content: string
  /** Where selecting the alarm leads; relative by default, '' when none. */
  url: string
  isRead: boolean
  /** ISO-like timestamp as the backend sent it (Spring sends a zone-less `LocalDateTime`). */
  createdAt: string
}

/** A page of the alarm list as the REST API answers it. */
export interface AlarmPage {
  items: Alarm[]
  page: number
  size: number
  /** Every alarm on the server (of the filter); absent on a cursor API without counts. */
  total?: number
  /** The user's unread count, when the backend sends it with the page (then a refresh needs no count request). */
  unread?: number
  /** Cursor paging: where the next older page is (`null`: there is none); absent on offset paging. */
  next?: string | null
}
