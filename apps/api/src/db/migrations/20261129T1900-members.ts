import { type Kysely, sql } from 'kysely';

// The register of members. Migrations take Kysely<any>, never import app code and are never
// edited once merged.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('members')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('member_number', 'text', (c) => c.notNull().unique().check(sql`member_number <> ''`))
    .addColumn('given_name', 'text', (c) => c.notNull())
    .addColumn('family_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('shares', 'integer', (c) => c.notNull().defaultTo(1).check(sql`shares >= 0`))
    .addColumn('admission_date', 'date', (c) => c.notNull())
    .addColumn('exit_date', 'date')
    .addColumn('is_legal_person', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('members_exit_after_admission', sql`exit_date IS NULL OR exit_date >= admission_date`)
    .execute();
  await db.schema
    .createIndex('members_family_name_idx')
    .on('members')
    .columns(['family_name', 'given_name'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('members').execute();
}
