export * from './projected-matter.entity';
export * from './schema';
export * from './handlers';
export * from './matter-projection.consumer';
export * from './matter-projection.service';
export * from './matter-projection.module';
