/** The two database engines pagewatch runs on. */
export type StoreEngine = 'sqlite' | 'postgres';
