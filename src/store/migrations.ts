// Schema migrations, written once for both dialects; run at every start.
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider, type ColumnDefinitionBuilder } from 'kysely';
import type { Dialect } from './database.ts';

type Db = Kysely<unknown>;

/** An auto-incrementing primary key: SQLite rowid alias, or a PostgreSQL identity column. */
function primaryKey(dialect: Dialect) {
  return (col: ColumnDefinitionBuilder) =>
    dialect === 'postgres' ? col.primaryKey().generatedByDefaultAsIdentity() : col.primaryKey().autoIncrement();
}

function idType(dialect: Dialect) {
  return dialect === 'postgres' ? 'bigint' : 'integer';
}

function initialSchema(dialect: Dialect): Migration {
  const pk = primaryKey(dialect);
  const id = idType(dialect);
  return {
    async up(db: Db) {
      await db.schema
        .createTable('accounts')
        .addColumn('id', id, pk)
        .addColumn('login', 'text', (c) => c.notNull().unique())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('balance_minor', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('test_mode', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('allowed_ips', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('tz_offset_hours', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_msg_id', 'bigint', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('api_keys')
        .addColumn('id', id, pk)
        .addColumn('account_id', id, (c) => c.notNull().references('accounts.id'))
        .addColumn('key_hash', 'text', (c) => c.notNull().unique())
        .addColumn('prefix', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('revoked_at', 'bigint')
        .execute();

      await db.schema
        .createTable('messages')
        .addColumn('int_id', id, pk)
        .addColumn('account_id', id, (c) => c.notNull().references('accounts.id'))
        .addColumn('msg_id', 'text', (c) => c.notNull())
        .addColumn('phone', 'text', (c) => c.notNull())
        .addColumn('kind', 'integer', (c) => c.notNull())
        .addColumn('sender', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('sms_cnt', 'integer', (c) => c.notNull())
        .addColumn('cost_minor', 'bigint', (c) => c.notNull())
        .addColumn('status', 'integer', (c) => c.notNull())
        .addColumn('err', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('test', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('status_at', 'bigint', (c) => c.notNull())
        .addColumn('due_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('lease_until', 'bigint')
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('connector', 'text')
        .addColumn('carrier_id', 'text')
        .addColumn('mccmnc', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('country', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('operator', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('region', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      // status.php looks messages up by (account, id, phone).
      await db.schema.createIndex('messages_by_client_id').on('messages').columns(['account_id', 'msg_id', 'phone']).execute();
      // The dispatcher claims queued rows by due time; receipts wait in status 0.
      await db.schema.createIndex('messages_outbox').on('messages').columns(['status', 'due_at']).execute();
      // Receipts find their message by the carrier's id on one connector.
      await db.schema.createIndex('messages_by_carrier').on('messages').columns(['connector', 'carrier_id']).execute();
      // Expiry sweeps look for unfinished messages past their validity.
      await db.schema.createIndex('messages_expiry').on('messages').columns(['status', 'expires_at']).execute();
      // History pages per account, newest first.
      await db.schema.createIndex('messages_by_account').on('messages').columns(['account_id', 'int_id']).execute();

      await db.schema
        .createTable('ledger')
        .addColumn('id', id, pk)
        .addColumn('account_id', id, (c) => c.notNull().references('accounts.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('amount_minor', 'bigint', (c) => c.notNull())
        .addColumn('int_id', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('ledger_by_account').on('ledger').columns(['account_id', 'id']).execute();
    },
    async down(db: Db) {
      for (const table of ['ledger', 'messages', 'api_keys', 'accounts']) await db.schema.dropTable(table).execute();
    },
  };
}

/** History pages read one channel of one account newest first, optionally for some addresses only. */
const historySchema: Migration = {
  async up(db: Kysely<any>) {
    // SMS and flash share the history format 0; e-mail is format 8 (seed-get-messages.txt, `format`).
    await db.schema.alterTable('messages').addColumn('channel', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await db.updateTable('messages').set({ channel: 8 }).where('kind', '=', 8).execute();
    // History now reads messages_history, whose (account_id, …) prefix also serves any lookup by account.
    await db.schema.dropIndex('messages_by_account').execute();
    await db.schema.createIndex('messages_history').on('messages').columns(['account_id', 'channel', 'created_at', 'int_id']).execute();
    await db.schema
      .createIndex('messages_history_by_address')
      .on('messages')
      .columns(['account_id', 'channel', 'phone', 'created_at', 'int_id'])
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex('messages_history_by_address').execute();
    await db.schema.dropIndex('messages_history').execute();
    await db.schema.createIndex('messages_by_account').on('messages').columns(['account_id', 'int_id']).execute();
    await db.schema.alterTable('messages').dropColumn('channel').execute();
  },
};

/** Parts of each transferred message by the carrier's ids, and receipts that arrived before their part. */
function deliverySchema(dialect: Dialect): Migration {
  const pk = primaryKey(dialect);
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('message_parts')
        .addColumn('connector', 'text', (c) => c.notNull())
        .addColumn('carrier_id', 'text', (c) => c.notNull())
        .addColumn('int_id', 'bigint', (c) => c.notNull())
        .addColumn('part', 'integer', (c) => c.notNull())
        .addColumn('status', 'integer')
        .addColumn('err', 'integer')
        .addPrimaryKeyConstraint('message_parts_pk', ['connector', 'carrier_id'])
        .execute();
      await db.schema.createIndex('message_parts_by_message').on('message_parts').column('int_id').execute();
      // Messages taken before this migration wait for their receipt as a single part.
      await db
        .insertInto('message_parts')
        .columns(['connector', 'carrier_id', 'int_id', 'part'])
        .expression(
          db
            .selectFrom('messages')
            .select(['connector', 'carrier_id', 'int_id', sql<number>`1`.as('part')])
            .where('status', '=', 0)
            .where('connector', 'is not', null)
            .where('carrier_id', 'is not', null),
        )
        .onConflict((oc) => oc.doNothing())
        .execute();
      // Receipts now find their part by message_parts' primary key.
      await db.schema.dropIndex('messages_by_carrier').execute();

      await db.schema
        .createTable('orphan_receipts')
        .addColumn('id', idType(dialect), pk)
        .addColumn('connector', 'text', (c) => c.notNull())
        .addColumn('carrier_id', 'text', (c) => c.notNull())
        .addColumn('status', 'integer', (c) => c.notNull())
        .addColumn('err', 'integer', (c) => c.notNull())
        .addColumn('received_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('orphan_receipts_by_carrier').on('orphan_receipts').columns(['connector', 'carrier_id']).execute();
      // Counting the receipts that stayed unmatched past their hold reads a range, not the table.
      await db.schema.createIndex('orphan_receipts_by_age').on('orphan_receipts').column('received_at').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('orphan_receipts').execute();
      await db.schema.createIndex('messages_by_carrier').on('messages').columns(['connector', 'carrier_id']).execute();
      await db.schema.dropTable('message_parts').execute();
    },
  };
}

/** When each part was taken, so a receipt's latency can be measured (docs/metrics.md). */
const partTimesSchema: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('message_parts').addColumn('transferred_at', 'bigint').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.alterTable('message_parts').dropColumn('transferred_at').execute();
  },
};

/**
 * Issue 5: the account's language and tariff plan; ledger entries tied to their submission and counting the
 * messages they pay for; tariff plans and rules; imported numbering ranges and ported numbers.
 */
function billingSchema(dialect: Dialect): Migration {
  const pk = primaryKey(dialect);
  const id = idType(dialect);
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('tariff_plans')
        .addColumn('id', id, pk)
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('tariff_rules')
        .addColumn('id', id, pk)
        .addColumn('plan_id', id, (c) => c.notNull().references('tariff_plans.id'))
        .addColumn('country', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('mccmnc', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('price_minor', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('tariff_rules_key').on('tariff_rules').columns(['plan_id', 'country', 'mccmnc', 'type']).unique().execute();

      await db.schema.alterTable('accounts').addColumn('language', 'text', (c) => c.notNull().defaultTo('ru')).execute();
      await db.schema.alterTable('accounts').addColumn('tariff_plan_id', id, (c) => c.references('tariff_plans.id')).execute();

      await db.schema.alterTable('ledger').addColumn('msg_id', 'text').execute();
      await db.schema.alterTable('ledger').addColumn('messages', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      // get_stat sums one account's entries over a period.
      await db.schema.createIndex('ledger_by_time').on('ledger').columns(['account_id', 'created_at']).execute();

      await db.schema
        .createTable('number_ranges')
        .addColumn('id', id, pk)
        .addColumn('first', 'text', (c) => c.notNull())
        .addColumn('last', 'text', (c) => c.notNull())
        .addColumn('operator', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('mccmnc', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      await db.schema
        .createTable('ported_numbers')
        .addColumn('phone', 'text', (c) => c.primaryKey())
        .addColumn('operator', 'text', (c) => c.notNull())
        .addColumn('mccmnc', 'text', (c) => c.notNull())
        .addColumn('ported_at', 'bigint')
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('ported_numbers').execute();
      await db.schema.dropTable('number_ranges').execute();
      await db.schema.dropIndex('ledger_by_time').execute();
      await db.schema.alterTable('ledger').dropColumn('messages').execute();
      await db.schema.alterTable('ledger').dropColumn('msg_id').execute();
      await db.schema.alterTable('accounts').dropColumn('tariff_plan_id').execute();
      await db.schema.alterTable('accounts').dropColumn('language').execute();
      await db.schema.dropTable('tariff_rules').execute();
      await db.schema.dropTable('tariff_plans').execute();
    },
  };
}

/**
 * Issue 6: the outbox and expiry indexes hold only unfinished messages. A final message, the bulk of a long history,
 * leaves them instead of moving within them, so they stay the size of the queue and each status change costs less.
 * Queries name the statuses as literals (src/store/outbox.ts, WAITING and UNFINISHED): a planner can use a partial index only
 * when the query's own condition implies the index's, and a bound parameter proves nothing.
 */
const unfinishedIndexes: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.dropIndex('messages_outbox').execute();
    await db.schema.dropIndex('messages_expiry').execute();
    await db.schema.createIndex('messages_outbox').on('messages').column('due_at').where(sql.ref('status'), '=', sql.lit(-1)).execute();
    await db.schema
      .createIndex('messages_expiry')
      .on('messages')
      .column('expires_at')
      .where(sql.ref('status'), 'in', sql`(-1, 0)`)
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex('messages_expiry').execute();
    await db.schema.dropIndex('messages_outbox').execute();
    await db.schema.createIndex('messages_outbox').on('messages').columns(['status', 'due_at']).execute();
    await db.schema.createIndex('messages_expiry').on('messages').columns(['status', 'expires_at']).execute();
  },
};

function provider(dialect: Dialect): MigrationProvider {
  return {
    getMigrations: async () => ({
      '0001_initial': initialSchema(dialect),
      '0002_history': historySchema,
      '0003_delivery': deliverySchema(dialect),
      '0004_part_times': partTimesSchema,
      '0005_billing': billingSchema(dialect),
      '0006_unfinished_indexes': unfinishedIndexes,
    }),
  };
}

/** Brings the schema up to date; throws when a migration fails. */
export async function migrateToLatest(db: Kysely<any>, dialect: Dialect): Promise<void> {
  // Kysely looks for its migration tables in every schema unless told one; pin them to the connection's own,
  // so two OpenSMSC schemas in one PostgreSQL database never see each other's tables.
  const schema = dialect === 'postgres' ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema : undefined;
  const migrator = new Migrator({ db, provider: provider(dialect), ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
  if (dialect === 'sqlite') await sql`PRAGMA optimize`.execute(db);
}
