import { SetMetadata } from '@nestjs/common';

/** Marks a route that needs no API key (health, metrics). Every other route is closed by default. */
export const PUBLIC_ROUTE = 'dxhub:public';
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
