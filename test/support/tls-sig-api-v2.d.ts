declare module 'tls-sig-api-v2' {
  export class Api {
    constructor(sdkappid: number, key: string);
    genUserSig(identifier: string, expire: number): string;
    genSig(identifier: string, expire: number): string;
  }
}
