#!/usr/bin/perl
# A small SMSC written with Net::SMPP's server role (Debian libnet-smpp-perl), for test/interop/net-smpp.test.ts.
#
# Usage: perl net-smpp-smsc.pl [--port N] [--lifetime SECONDS]
# Listens on 127.0.0.1 (port 0 picks a free one), takes one ESME connection, answers bind_*, enquire_link,
# unbind; answers each submit_sm with an id and, when registered_delivery asks for it, sends a deliver_sm
# receipt (SMPP 3.4 §5.2.12 esm_class 0x04, Appendix B text, TLVs receipted_message_id and message_state).
# Every event is one JSON line on stdout; the first is {"event":"listening","port":N}.
use strict;
use warnings;
use Getopt::Long;
use JSON::PP;
use IO::Select;
use POSIX qw(strftime);
use Net::SMPP;

my $port = 0;
# The process ends by itself after this long, so a test that dies cannot leave it running.
my $lifetime = 30;
GetOptions('port=i' => \$port, 'lifetime=i' => \$lifetime) or die "usage: $0 [--port N] [--lifetime SECONDS]\n";

$| = 1;
my $json = JSON::PP->new->canonical;
sub emit { print $json->encode({@_}), "\n" }

# Not alarm(): Net::SMPP's read_hard resets it. Waits go through IO::Select with this deadline instead.
my $deadline = time + $lifetime;
sub wait_readable {
  my ($socket) = @_;
  return if IO::Select->new($socket)->can_read(($deadline - time) > 0 ? $deadline - time : 0);
  emit(event => 'lifetime-over');
  exit 0;
}

# async: requests we send (deliver_sm) return at once; their responses come through the read_pdu loop below.
my $server = Net::SMPP->new_listen('127.0.0.1', port => $port, async => 1, listen => 1)
  or die "cannot listen on 127.0.0.1:$port: $!\n";
emit(event => 'listening', port => $server->sockport);

wait_readable($server);
my $esme = $server->accept or die "accept failed: $!\n";
close $server;

my $system_id = 'NetSMPP-SMSC';
# Ids are 10 lowercase hex digits with leading zeros, as some SMSCs write them; receipts repeat them verbatim.
my $next_id = 0x7a000000;
my $bound = 0;

my %handlers = (
  bind_transceiver => sub { bind_response($_[0], 'bind_transceiver_resp') },
  bind_transmitter => sub { bind_response($_[0], 'bind_transmitter_resp') },
  bind_receiver    => sub { bind_response($_[0], 'bind_receiver_resp') },
  submit_sm        => \&submit,
  enquire_link     => sub { emit(event => 'enquire_link'); $esme->enquire_link_resp(seq => $_[0]->{seq}) },
  deliver_sm_resp  => sub { emit(event => 'deliver_sm_resp', seq => $_[0]->{seq}, status => $_[0]->{status}) },
  unbind           => sub {
    emit(event => 'unbind');
    $esme->unbind_resp(seq => $_[0]->{seq});
    exit 0;
  },
);

while (1) {
  wait_readable($esme);
  my $pdu = $esme->read_pdu;
  if (!$pdu) {
    emit(event => 'closed');
    exit 0;
  }
  my $command = Net::SMPP::pdu_tab->{$pdu->{cmd}}{cmd} // sprintf('0x%08x', $pdu->{cmd});
  if (my $handler = $handlers{$command}) {
    $handler->($pdu);
  } elsif (!($pdu->{cmd} & 0x80000000)) {
    # SMPP 3.4 §4.3.1: generic_nack with ESME_RINVCMDID (0x03) for a command this SMSC does not support.
    emit(event => 'unsupported', command => $command);
    $esme->generic_nack(seq => $pdu->{seq}, status => 0x03);
  }
}

sub bind_response {
  my ($pdu, $response) = @_;
  emit(event => 'bind', system_id => $pdu->{system_id}, password => $pdu->{password},
       system_type => $pdu->{system_type}, interface_version => $pdu->{interface_version});
  $bound = 1;
  $esme->$response(seq => $pdu->{seq}, system_id => $system_id);
}

sub submit {
  my ($pdu) = @_;
  if (!$bound) {
    # SMPP 3.4 §5.1.3: ESME_RINVBNDSTS (0x04) for a submit before bind.
    $esme->submit_sm_resp(seq => $pdu->{seq}, status => 0x04, message_id => '');
    return;
  }
  my $id = sprintf('%010x', $next_id++);
  my $submitted = time;
  emit(
    event => 'submit', message_id => $id, source => $pdu->{source_addr},
    source_addr_ton => $pdu->{source_addr_ton}, source_addr_npi => $pdu->{source_addr_npi},
    destination => $pdu->{destination_addr}, dest_addr_ton => $pdu->{dest_addr_ton},
    dest_addr_npi => $pdu->{dest_addr_npi}, esm_class => $pdu->{esm_class},
    registered_delivery => $pdu->{registered_delivery}, data_coding => $pdu->{data_coding},
    short_message => unpack('H*', $pdu->{short_message} // ''),
  );
  $esme->submit_sm_resp(seq => $pdu->{seq}, message_id => $id);
  return unless ($pdu->{registered_delivery} // 0) & 0x03;

  my $date = strftime('%y%m%d%H%M', gmtime $submitted);
  # Appendix B: the text field carries the first 20 characters of the message; only for GSM-7 here.
  my $text = ($pdu->{data_coding} // 0) == 0 ? substr($pdu->{short_message} // '', 0, 20) : '';
  $text =~ s/[^\x20-\x7e]/./g;
  my $seq = $esme->deliver_sm(
    source_addr_ton => $pdu->{dest_addr_ton}, source_addr_npi => $pdu->{dest_addr_npi},
    source_addr => $pdu->{destination_addr},
    dest_addr_ton => $pdu->{source_addr_ton}, dest_addr_npi => $pdu->{source_addr_npi},
    destination_addr => $pdu->{source_addr},
    esm_class => 0x04,
    data_coding => 0,
    short_message => "id:$id sub:001 dlvrd:001 submit date:$date done date:$date stat:DELIVRD err:000 text:$text",
    # Net::SMPP writes a TLV given by name as raw octets: the C-Octet String needs its NUL (§5.3.2.12),
    # message_state its single octet (§5.3.2.35, 2 = DELIVERED).
    receipted_message_id => "$id\0",
    message_state => pack('C', 2),
  );
  emit(event => 'receipt', message_id => $id, seq => $seq);
}
