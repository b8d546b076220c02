// @serialport/binding-mock ships types, but its ESM entry is not mapped to them under NodeNext.
declare module '@serialport/binding-mock' {
  import type { BindingInterface } from '../serial/serial-scanner.js';
  export const MockBinding: BindingInterface & {
    reset(): void;
    createPort(path: string, options?: { echo?: boolean; record?: boolean; readyData?: Buffer }): void;
  };
}
