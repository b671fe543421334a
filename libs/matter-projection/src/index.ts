export * from './projected-matter.entity';
export * from './schema';
export * from './handlers';
