// frappe-gantt ships no types: the part of its API the Timeline uses.
declare module 'frappe-gantt' {
  export interface GanttTask {
    id: string;
    name: string;
    start: string;
    end: string;
    progress?: number;
    dependencies?: string[] | string;
    custom_class?: string;
    /** Added by the chart. */
    _start?: Date;
    _end?: Date;
  }

  export interface PopupContext {
    task: GanttTask;
    set_title(html: string): void;
    set_subtitle(html: string): void;
    set_details(html: string): void;
  }

  export interface GanttOptions {
    view_mode?: string;
    view_mode_select?: boolean;
    today_button?: boolean;
    /** CSS colour → 'weekend' or days to highlight. */
    holidays?: Record<string, unknown>;
    scroll_to?: string | null;
    readonly?: boolean;
    readonly_dates?: boolean;
    readonly_progress?: boolean;
    move_dependencies?: boolean;
    infinite_padding?: boolean;
    bar_height?: number;
    padding?: number;
    column_width?: number;
    container_height?: number | 'auto';
    language?: string;
    popup_on?: 'click' | 'hover';
    popup?: false | ((ctx: PopupContext) => string | false | void);
    on_date_change?: (task: GanttTask, start: Date, end: Date) => void;
    on_click?: (task: GanttTask) => void;
  }

  export default class Gantt {
    constructor(wrapper: string | HTMLElement | SVGElement, tasks: GanttTask[], options?: GanttOptions);
    $container: HTMLElement;
    $svg: SVGSVGElement;
    $current_highlight?: HTMLElement;
    options: GanttOptions;
    refresh(tasks: GanttTask[]): void;
    change_view_mode(mode?: string, maintain_pos?: boolean): void;
    update_options(options: GanttOptions): void;
    scroll_current(): void;
  }
}
