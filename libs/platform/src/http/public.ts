import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'anw:public';

/** No bearer token needed (login, health, feeds with their own secret). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
