/**
 * Short, non-blocking feedback (toasts) — never a modal dialog in the way of a ringing call.
 * (ElMessage's CSS is imported once in main.ts: component tests run without Element Plus CSS.)
 */
import { ElMessage } from 'element-plus';

export function useFeedback() {
  return {
    success(message: string): void {
      ElMessage({ type: 'success', message, duration: 2000, grouping: true, showClose: false, offset: 60 });
    },
    error(message: string): void {
      ElMessage({ type: 'error', message, duration: 6000, grouping: true, showClose: true, offset: 60 });
    },
    info(message: string): void {
      ElMessage({ type: 'info', message, duration: 3000, grouping: true, offset: 60 });
    },
  };
}
