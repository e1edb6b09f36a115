// Package export renders what a workspace can hand out: the deliverable as
// Markdown and as a sanitized standalone HTML page, the roadmap as CSV and
// iCalendar, and a credits page.
//
// It works on plain values and knows nothing of the store. Every output is
// deterministic: the same input gives the same bytes. Text written by members
// is untrusted: HTML output is sanitized, Markdown output shows raw HTML as
// escaped text and drops unsafe link URLs, CSV cells are guarded against
// formula injection, and titles and names are escaped so that they cannot
// change the structure of the file they land in.
package export
