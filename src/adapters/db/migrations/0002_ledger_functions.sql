-- The ledger's hot statements as PL/pgSQL functions. They hold no business rules: the domain (in
-- TypeScript) decides, these only read a member's state under lock and apply a decided entry.
-- PL/pgSQL keeps the plans of its statements for the session, so the planner runs once per
-- connection instead of once per command.

-- Locks the member's balance row and returns, as JSON, everything a command may need to decide.
-- NULL when the member is not the tenant's.
CREATE FUNCTION pontua_lock_member(
  p_tenant text, p_member text, p_key text, p_lots boolean, p_earning text, p_hold text, p_lot text
) RETURNS json LANGUAGE plpgsql AS $$
DECLARE
  b member_balances%ROWTYPE;
BEGIN
  SELECT * INTO b FROM member_balances
    WHERE tenant_id = p_tenant AND member_id = p_member
    FOR UPDATE;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  RETURN json_build_object(
    'pending', b.pending,
    'available', b.available,
    'held', b.held,
    'lifetime_earned', b.lifetime_earned,
    'status', (SELECT m.status FROM members m WHERE m.tenant_id = p_tenant AND m.id = p_member),
    'points_expiry_days', (SELECT t.points_expiry_days FROM tenants t WHERE t.id = p_tenant),
    'existing', (SELECT json_build_object('id', x.id, 'inputHash', x.input_hash) FROM ledger_transactions x
                  WHERE x.tenant_id = p_tenant AND x.idempotency_key = p_key),
    'lots', CASE WHEN p_lots THEN
              (SELECT coalesce(json_agg(json_build_object('id', l.id, 'amount', l.amount, 'remaining', l.remaining,
                 'expires_at', l.expires_at, 'created_at', l.created_at)), '[]'::json)
                 FROM earn_lots l WHERE l.tenant_id = p_tenant AND l.member_id = p_member AND l.remaining > 0)
            ELSE '[]'::json END,
    'earning', CASE WHEN p_earning IS NULL THEN NULL ELSE
              (SELECT row_to_json(e) FROM earnings e WHERE e.tenant_id = p_tenant AND e.id = p_earning AND e.member_id = p_member)
            END,
    'hold', CASE WHEN p_hold IS NULL THEN NULL ELSE
              (SELECT row_to_json(h) FROM holds h WHERE h.tenant_id = p_tenant AND h.id = p_hold AND h.member_id = p_member)
            END,
    'lot', CASE WHEN p_lot IS NULL THEN NULL ELSE
              (SELECT json_build_object('id', l.id, 'amount', l.amount, 'remaining', l.remaining,
                 'expires_at', l.expires_at, 'created_at', l.created_at)
                 FROM earn_lots l WHERE l.tenant_id = p_tenant AND l.id = p_lot AND l.member_id = p_member)
            END
  );
END;
$$;
--> statement-breakpoint
-- Writes a decided ledger entry. The transaction row goes in first, only if the member exists and
-- with ON CONFLICT DO NOTHING on the idempotency key; nothing else is written unless it did.
-- Returns whether the entry was recorded.
CREATE FUNCTION pontua_record_entry(p jsonb) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
  v_tenant text := p->>'tenantId';
  v_member text := p->>'memberId';
  v_tx text := p->>'transactionId';
  v_at timestamptz := (p->>'createdAt')::timestamptz;
  v_count integer;
BEGIN
  INSERT INTO ledger_transactions
    (tenant_id, id, member_id, kind, reference, points, idempotency_key, input_hash, metadata, created_at)
  SELECT v_tenant, v_tx, v_member, p->>'kind', p->>'reference', (p->>'points')::bigint,
         p->>'idempotencyKey', p->>'inputHash', p->'metadata', v_at
  WHERE EXISTS (SELECT 1 FROM member_balances WHERE tenant_id = v_tenant AND member_id = v_member)
  ON CONFLICT (tenant_id, idempotency_key) DO NOTHING;
  GET DIAGNOSTICS v_count = ROW_COUNT;
  IF v_count = 0 THEN
    RETURN false;
  END IF;

  INSERT INTO ledger_postings (tenant_id, transaction_id, line, account, amount)
  SELECT v_tenant, v_tx, (x.n - 1)::smallint, x.value->>'account', (x.value->>'amount')::bigint
    FROM jsonb_array_elements(p->'postings') WITH ORDINALITY AS x(value, n);

  IF p ? 'member' THEN
    UPDATE member_balances SET
      pending = pending + (p->'member'->>'pending')::bigint,
      available = available + (p->'member'->>'available')::bigint,
      held = held + (p->'member'->>'held')::bigint,
      lifetime_earned = lifetime_earned + (p->'member'->>'lifetimeEarned')::bigint
    WHERE tenant_id = v_tenant AND member_id = v_member;
  END IF;

  INSERT INTO tenant_account_balances (tenant_id, account, slot, balance)
  SELECT v_tenant, t.key, (p->>'slot')::smallint, (t.value #>> '{}')::bigint FROM jsonb_each(p->'tenant') AS t
  ON CONFLICT (tenant_id, account, slot) DO UPDATE SET balance = tenant_account_balances.balance + excluded.balance;

  IF p ? 'newLot' THEN
    INSERT INTO earn_lots (tenant_id, id, member_id, transaction_id, earning_id, amount, remaining, expires_at, created_at)
    VALUES (v_tenant, p->'newLot'->>'id', v_member, v_tx, p->'newLot'->>'earningId', (p->'newLot'->>'amount')::bigint,
            (p->'newLot'->>'amount')::bigint, (p->'newLot'->>'expiresAt')::timestamptz, v_at);
  END IF;

  UPDATE earn_lots l SET remaining = l.remaining + (c.value->>'delta')::bigint
    FROM jsonb_array_elements(p->'lotChanges') AS c(value)
    WHERE l.tenant_id = v_tenant AND l.id = c.value->>'lotId';

  IF p ? 'earningInsert' THEN
    INSERT INTO earnings (tenant_id, id, member_id, reference, points, due_at, status, created_at, updated_at)
    VALUES (v_tenant, p->'earningInsert'->>'id', v_member, p->'earningInsert'->>'reference',
            (p->'earningInsert'->>'points')::bigint, (p->'earningInsert'->>'dueAt')::timestamptz,
            p->'earningInsert'->>'status', v_at, v_at);
  ELSIF p ? 'earningUpdate' THEN
    UPDATE earnings SET
      status = p->'earningUpdate'->>'status',
      matured_points = (p->'earningUpdate'->>'maturedPoints')::bigint,
      reversed_points = (p->'earningUpdate'->>'reversedPoints')::bigint,
      shortfall_points = (p->'earningUpdate'->>'shortfallPoints')::bigint,
      lot_id = p->'earningUpdate'->>'lotId',
      updated_at = v_at
    WHERE tenant_id = v_tenant AND id = p->'earningUpdate'->>'id';
  END IF;

  IF p ? 'holdInsert' THEN
    INSERT INTO holds (tenant_id, id, member_id, points, status, allocations, created_at, updated_at)
    VALUES (v_tenant, p->'holdInsert'->>'id', v_member, (p->'holdInsert'->>'points')::bigint,
            p->'holdInsert'->>'status', p->'holdInsert'->'allocations', v_at, v_at);
  ELSIF p ? 'holdUpdate' THEN
    UPDATE holds SET status = p->'holdUpdate'->>'status', updated_at = v_at
    WHERE tenant_id = v_tenant AND id = p->'holdUpdate'->>'id';
  END IF;

  RETURN true;
END;
$$;
--> statement-breakpoint
-- A member's balance with the next expiry: the earliest expiring lots' calendar day in the
-- program's time zone, and everything that expires that day. NULL when the member is not the
-- tenant's.
CREATE FUNCTION pontua_member_balance(p_tenant text, p_member text) RETURNS json LANGUAGE plpgsql STABLE AS $$
DECLARE
  b member_balances%ROWTYPE;
  v_zone text;
  v_day date;
  v_points bigint;
BEGIN
  SELECT * INTO b FROM member_balances WHERE tenant_id = p_tenant AND member_id = p_member;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  SELECT (l.expires_at AT TIME ZONE t.timezone)::date, t.timezone INTO v_day, v_zone
    FROM earn_lots l JOIN tenants t ON t.id = l.tenant_id
    WHERE l.tenant_id = p_tenant AND l.member_id = p_member AND l.remaining > 0 AND l.expires_at IS NOT NULL
    ORDER BY l.expires_at LIMIT 1;
  IF v_day IS NOT NULL THEN
    SELECT sum(l.remaining) INTO v_points FROM earn_lots l
      WHERE l.tenant_id = p_tenant AND l.member_id = p_member AND l.remaining > 0
        AND l.expires_at IS NOT NULL AND (l.expires_at AT TIME ZONE v_zone)::date = v_day;
  END IF;
  RETURN json_build_object(
    'pending', b.pending, 'available', b.available, 'held', b.held, 'lifetime_earned', b.lifetime_earned,
    'next_expiry_date', v_day, 'next_expiry_points', v_points);
END;
$$;
