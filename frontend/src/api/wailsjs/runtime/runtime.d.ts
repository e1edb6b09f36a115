/*
 _       __      _ __
| |     / /___ _(_) /____
| | /| / / __ `/ / / ___/
| |/ |/ / /_/ / / (__  )
|__/|__/\__,_/_/_/____/
The electron alternative for Go
(c) Lea Anthony 2019-present
*/

// Stand-in with the events part of the Wails runtime only; `wails generate
// module` / `wails build` replaces this folder with the real generated one.

export function EventsEmit(eventName: string, ...data: any): void;

export function EventsOn(eventName: string, callback: (...data: any) => void): () => void;

export function EventsOnMultiple(eventName: string, callback: (...data: any) => void, maxCallbacks: number): () => void;

export function EventsOnce(eventName: string, callback: (...data: any) => void): () => void;

export function EventsOff(eventName: string, ...additionalEventNames: string[]): void;

export function Quit(): void;
